from django.urls import path

from acoms.participants import views

A = "aco/<str:aco_id>/participants/"
urlpatterns = [
    path(A, views.participant_list, name="participant_list"),
    path(A + "upload/", views.upload, name="participant_upload"),
    path(A + "uploads/<int:upload_id>/", views.upload_detail, name="participant_upload_detail"),
    path(A + "uploads/<int:upload_id>/findings.xlsx", views.upload_report, name="participant_upload_report"),
    path(A + "rows/check/", views.row_check, name="participant_row_check"),
    path(A + "rows/add/", views.row_add, name="participant_row_add"),
    path(A + "rows/<str:kind>/<int:entry_id>/remove/", views.row_remove, name="participant_row_remove"),
    path(A + "agreements/", views.agreement_add, name="participant_agreement_add"),
    path(A + "carry-forward/", views.carry_forward, name="participant_carry_forward"),
    path(A + "export/<str:kind>/", views.list_export, name="participant_export"),
    path(A + "certify/", views.certify, name="participant_certify"),
    path(A + "certified/<int:py>/", views.certification, name="participant_certification"),
    path(A + "changes/", views.changes, name="participant_changes"),
    path(A + "estimate/", views.estimate_start, name="participant_estimate_start"),
    path(A + "estimate/<int:run_id>/", views.estimate, name="participant_estimate"),
    path(A + "estimate/<int:run_id>/download/", views.estimate_download, name="participant_estimate_download"),
    path("participants/template/<str:kind>/", views.template_download, name="participant_template"),
    path("cms/participant-changes/", views.change_queue, name="participant_change_queue"),
    path("cms/participant-changes/<int:change_id>/decide/", views.change_decide, name="participant_change_decide"),
    path("cms/participant-change-windows/", views.change_windows, name="participant_change_windows"),
    path(
        "cms/participant-change-windows/<int:window_id>/close/",
        views.change_window_close,
        name="participant_change_window_close",
    ),
    path("cms/participant-registry/", views.registry, name="participant_registry"),
    path("cms/participant-registry/download/", views.registry_download, name="participant_registry_download"),
]
