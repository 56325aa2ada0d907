"""The complaint-handling trainer: scenarios, the session engine, storage, the CLI and the app.

The domain (scenario format, session engine, storage) never imports the UI; the Textual
app is a thin layer on top. Scoring lives in the separate `scoring` package.
"""

__version__ = "0.1.0"
