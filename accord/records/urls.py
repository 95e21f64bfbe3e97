from django.urls import path

from accord.records import views

urlpatterns = [
    path("me/my-data/export/", views.my_data_export, name="records_my_data_export"),
    path("practice/clients/<int:client_id>/erase/", views.erase_client, name="records_erase_client"),
    path("practice/outcomes/", views.practice_outcomes, name="records_outcomes"),
    path("practice/outcomes/outcomes.csv", views.practice_outcomes_csv, name="records_outcomes_csv"),
    path("practice/outcomes/research.csv", views.research_csv, name="records_research_csv"),
]
