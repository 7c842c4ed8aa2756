from django.urls import path

from acoms.performance import views

urlpatterns = [
    path("performance/runs/", views.runs, name="performance_runs"),
    path("performance/runs/<int:run_id>/", views.run_detail, name="performance_run"),
    path("performance/runs/<int:run_id>/publish/", views.run_publish, name="performance_run_publish"),
    path("performance/runs/<int:run_id>/cancel/", views.run_cancel, name="performance_run_cancel"),
    path("performance/runs/<int:run_id>/rerun/", views.run_rerun, name="performance_run_rerun"),
    path("performance/runs/<int:run_id>/puf/", views.run_puf, name="performance_run_puf"),
    path("aco/<str:aco_id>/datahub/", views.datahub, name="datahub"),
    path("aco/<str:aco_id>/datahub/<int:file_id>/", views.datahub_download, name="datahub_download"),
    path("aco/<str:aco_id>/performance/", views.performance_dashboard, name="performance_dashboard"),
    path("aco/<str:aco_id>/performance/beneficiary/", views.beneficiary_explanation, name="beneficiary_explanation"),
    path("aco/<str:aco_id>/performance/care/", views.care_list, name="care_list"),
    path("aco/<str:aco_id>/performance/whatif/", views.whatifs, name="whatifs"),
    path("aco/<str:aco_id>/performance/whatif/<int:whatif_id>/", views.whatif_detail, name="whatif_detail"),
]
