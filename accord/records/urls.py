from django.urls import path

from accord.records import views

urlpatterns = [
    path("me/my-data/export/", views.my_data_export, name="records_my_data_export"),
]
