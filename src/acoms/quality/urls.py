from django.urls import path

from acoms.quality import views

urlpatterns = [
    path("aco/<str:aco_id>/quality/", views.home, name="quality_home"),
    path("aco/<str:aco_id>/quality/<int:py>/", views.scores, name="quality_scores"),
    path("aco/<str:aco_id>/quality/<int:py>/download/", views.scores_download, name="quality_scores_download"),
    path("aco/<str:aco_id>/quality/<int:py>/report/", views.report, name="quality_report"),
    path("aco/<str:aco_id>/quality/<int:py>/report/upload/<str:kind>/", views.upload, name="quality_upload"),
    path("aco/<str:aco_id>/quality/<int:py>/report/cahps/", views.cahps, name="quality_cahps"),
    path("aco/<str:aco_id>/quality/<int:py>/report/remove/", views.remove, name="quality_remove"),
    path("aco/<str:aco_id>/quality/<int:py>/report/attest/", views.attest, name="quality_attest"),
    path("quality/<int:py>/reporting/", views.reporting_status, name="quality_reporting_status"),
    path("quality/<int:py>/", views.national_view, name="quality_national"),
    path("quality/<int:py>/download/", views.national_download, name="quality_national_download"),
]
