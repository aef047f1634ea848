FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY detectors ./detectors
COPY corpus ./corpus
COPY service ./service
RUN pip install .

# The corpus index lives on a volume so it survives new containers.
VOLUME /data
ENV ZHCLEAN_DB=/data/corpus.sqlite3
EXPOSE 8000
CMD ["zhclean", "serve", "--host", "0.0.0.0", "--port", "8000"]
