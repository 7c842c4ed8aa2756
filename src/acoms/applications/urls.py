from django.urls import path

from . import queue_views, views

urlpatterns = [
    path("register/", views.register, name="aco_register"),
    path("register/confirm/<str:token>/", views.register_confirm, name="aco_register_confirm"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("aco/<str:aco_id>/contacts/", views.aco_contact_add, name="aco_contact_add"),
    path("aco/<str:aco_id>/applications/", views.aco_applications, name="aco_applications"),
    path("aco/<str:aco_id>/cycles/<int:cycle_id>/noia/", views.noia_submit, name="noia_submit"),
    path("aco/<str:aco_id>/noia/<int:noia_id>/withdraw/", views.noia_withdraw, name="noia_withdraw"),
    path("aco/<str:aco_id>/cycles/<int:cycle_id>/start/", views.application_start, name="application_start"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/sections/<str:key>/", views.application_section, name="application_section"),
    path(
        "applications/<int:pk>/sections/<str:key>/check/",
        views.application_section_check,
        name="application_section_check",
    ),
    path("applications/<int:pk>/sign/", views.application_sign, name="application_sign"),
    path("applications/<int:pk>/do/<str:action>/", views.application_action, name="application_action"),
    path("applications/<int:pk>/assign/", views.application_assign, name="application_assign"),
    path("applications/<int:pk>/checklist/", views.application_review_section, name="application_review_section"),
    path("applications/<int:pk>/letter.pdf", views.application_letter, name="application_letter"),
    path("applications/<int:pk>/documents/<int:doc_id>/", views.document_download, name="document_download"),
    path("cms/applications/", queue_views.review_queue, name="review_queue"),
    path("cms/applications/assign/", queue_views.review_queue_assign, name="review_queue_assign"),
    path("cms/cycles/", views.cycle_list, name="cycle_list"),
    path("cms/cycles/new/", views.cycle_edit, name="cycle_create"),
    path("cms/cycles/<int:cycle_id>/", views.cycle_edit, name="cycle_edit"),
    path("cms/dashboard/", views.cycle_dashboard, name="cycle_dashboard"),
    path("cms/dashboard/<int:cycle_id>/", views.cycle_dashboard, name="cycle_dashboard_for"),
    path(
        "cms/dashboard/<int:cycle_id>/download/<str:table>/",
        views.cycle_dashboard_download,
        name="cycle_dashboard_download",
    ),
]
