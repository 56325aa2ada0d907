"""The app's screens: home (choose a scenario), conversation, debrief, load error."""
