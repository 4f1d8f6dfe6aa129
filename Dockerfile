# The reference image (issue 14): gunicorn serves the site, WhiteNoise its static files. Messages
# are compiled and static files collected (hashed and compressed) at build time, so a container
# never writes into /app; it runs as the unprivileged user "ris".
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils gettext \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 1000 ris && useradd --system --uid 1000 --gid ris --home-dir /app ris
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The production settings refuse to load without a SECRET_KEY; these values exist only for the build.
RUN export DJANGO_SETTINGS_MODULE=ris.settings.production SECRET_KEY=build-only-not-used-at-run-time \
        ALLOWED_HOSTS=build.invalid STATIC_ROOT=/app/static_collected \
    && python manage.py compilemessages --ignore=.venv --ignore=node_modules \
    && python manage.py collectstatic --noinput \
    && mkdir -p /data/media \
    && chown ris:ris /data/media
USER ris
ENV DJANGO_SETTINGS_MODULE=ris.settings.production STATIC_ROOT=/app/static_collected MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "ris.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--max-requests", "2000", "--max-requests-jitter", "200", "--access-logfile", "-"]
