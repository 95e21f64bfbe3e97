"""Dialogue pages. The client and their care team share the ``clients/<id>/`` URLs; ``me/`` are the
client's one-tap shortcuts."""

from django.urls import path

from accord.dialogue import views

urlpatterns = [
    path("clients/<int:client_id>/messages/", views.conversation, name="dialogue_conversation"),
    path("clients/<int:client_id>/messages/goal/", views.start_goal_thread, name="dialogue_goal_thread"),
    path("clients/<int:client_id>/messages/<int:thread_id>/", views.thread_page, name="dialogue_thread"),
    path(
        "clients/<int:client_id>/messages/<int:thread_id>/<int:message_id>/",
        views.edit_message,
        name="dialogue_message",
    ),
    path("clients/<int:client_id>/agenda/", views.agenda, name="dialogue_agenda"),
    path(
        "clients/<int:client_id>/agenda/<int:item_id>/discussed/",
        views.mark_discussed,
        name="dialogue_agenda_discussed",
    ),
    path("clients/<int:client_id>/goal-ideas/", views.goal_ideas, name="dialogue_ideas"),
    path(
        "clients/<int:client_id>/goal-ideas/<int:idea_id>/goal/",
        views.idea_to_goal,
        name="dialogue_idea_to_goal",
    ),
    path("me/agenda/", views.my_agenda, name="dialogue_my_agenda"),
    path("me/messages/", views.my_messages, name="dialogue_my_messages"),
]
