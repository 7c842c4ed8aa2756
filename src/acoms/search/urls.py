from django.urls import path

from acoms.search import views

urlpatterns = [
    path("search/", views.results, name="search"),
    path("search/suggestions/", views.suggestions, name="search_suggestions"),
]
