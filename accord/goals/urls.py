"""Goal pages. Client and goal ids travel in paths; goal text never goes into a URL."""

from django.urls import path

from accord.goals import views

urlpatterns = [
    # Lists and proposing, for each party
    path("clients/<int:client_id>/goals/", views.client_goals, name="client_goals"),
    path("clients/<int:client_id>/goals/new/", views.propose_for_client, name="client_goal_new"),
    path("me/goals/", views.my_goals, name="my_goals"),
    path("me/goals/new/", views.propose_my_goal, name="my_goal_new"),
    # One goal
    path("goals/<int:goal_id>/", views.goal_page, name="goal_page"),
    path("goals/<int:goal_id>/edit/", views.build, name="goal_edit"),
    path("goals/<int:goal_id>/coach/", views.coach, name="goal_coach"),
    path("goals/<int:goal_id>/changes/", views.changes, name="goal_changes"),
    path("goals/<int:goal_id>/accept/", views.accept, name="goal_accept"),
    path("goals/<int:goal_id>/decline/", views.decline, name="goal_decline"),
    path("goals/<int:goal_id>/park/", views.park, name="goal_park"),
    path("goals/<int:goal_id>/resume/", views.resume, name="goal_resume"),
    path("goals/<int:goal_id>/withdraw/", views.withdraw, name="goal_withdraw"),
    path("goals/<int:goal_id>/close/", views.close, name="goal_close"),
    path("goals/<int:goal_id>/steps/<int:step_id>/tick/", views.tick_step, name="goal_step_tick"),
    path("goals/<int:goal_id>/gas/", views.rate_gas, name="goal_gas_rate"),
    path("goals/<int:goal_id>/ratings/", views.rate, name="goal_ratings"),
    path("goals/<int:goal_id>/readiness/", views.rate_readiness, name="goal_readiness"),
    # Motivation and agreement in the room
    path("goals/<int:goal_id>/in-session/", views.record_in_session, name="goal_in_session"),
    path("goals/<int:goal_id>/stage/", views.set_stage, name="goal_stage"),
    path("goals/<int:goal_id>/exploring/", views.set_exploring, name="goal_exploring"),
    path("goals/<int:goal_id>/balance/", views.balance, name="goal_balance"),
]
