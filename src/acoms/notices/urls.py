from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:notice_id>/read/", views.notice_read, name="notice_read"),
    path("notices/read-all/", views.notice_read_all, name="notice_read_all"),
]
