from django.urls import path

from acoms.api import views
from acoms.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/api-tokens/", views.tokens, name="api_tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke, name="api_token_revoke"),
]
