"""Goal pages. Client and goal ids travel in paths; goal text never goes into a URL."""

from django.urls import path

from accord.goals.views import builder, decisions, live, motivation, pages

urlpatterns = [
    # Lists and proposing, for each party
    path("clients/<int:client_id>/goals/", pages.client_goals, name="client_goals"),
    path("clients/<int:client_id>/goals/new/", pages.propose_for_client, name="client_goal_new"),
    path("me/goals/", pages.my_goals, name="my_goals"),
    path("me/goals/new/", pages.propose_my_goal, name="my_goal_new"),
    path("me/goals/how/", pages.my_goals_explained, name="my_goals_explained"),
    # One goal
    path("goals/<int:goal_id>/", pages.goal_page, name="goal_page"),
    path("goals/<int:goal_id>/edit/", builder.build, name="goal_edit"),
    path("goals/<int:goal_id>/coach/", builder.coach, name="goal_coach"),
    # Shaping it together live: the shared draft and who is here (goals/live.py, static/accord/coedit.js)
    path("goals/<int:goal_id>/live/", live.draft, name="goal_live"),
    path("goals/<int:goal_id>/live/presence/", live.presence, name="goal_live_presence"),
    path("goals/<int:goal_id>/changes/", pages.changes, name="goal_changes"),
    path("goals/<int:goal_id>/accept/", decisions.accept, name="goal_accept"),
    path("goals/<int:goal_id>/decline/", decisions.decline, name="goal_decline"),
    path("goals/<int:goal_id>/park/", decisions.park, name="goal_park"),
    path("goals/<int:goal_id>/resume/", decisions.resume, name="goal_resume"),
    path("goals/<int:goal_id>/withdraw/", decisions.withdraw, name="goal_withdraw"),
    path("goals/<int:goal_id>/close/", decisions.close, name="goal_close"),
    path("goals/<int:goal_id>/steps/<int:step_id>/tick/", decisions.tick_step, name="goal_step_tick"),
    path("goals/<int:goal_id>/gas/", decisions.rate_gas, name="goal_gas_rate"),
    path("goals/<int:goal_id>/ratings/", decisions.rate, name="goal_ratings"),
    path("goals/<int:goal_id>/readiness/", decisions.rate_readiness, name="goal_readiness"),
    # Motivation and agreement in the room
    path("goals/<int:goal_id>/in-session/", motivation.record_in_session, name="goal_in_session"),
    path("goals/<int:goal_id>/stage/", motivation.set_stage, name="goal_stage"),
    path("goals/<int:goal_id>/exploring/", motivation.set_exploring, name="goal_exploring"),
    path("goals/<int:goal_id>/balance/", motivation.balance, name="goal_balance"),
]
