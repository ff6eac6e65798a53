"""The server edge: one process with the Gradio chat at `/` and the HTTP APIs beside it.

`app.create_app(settings)` builds it; `python -m assistant serve` runs it.
Routers: `api` (/api/*), `openai_compat` (/v1/*), `dify` (/retrieval); `ui` is the chat page.
"""
