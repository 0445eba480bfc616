# Accord, embedded default: one process, SQLite in /data. Built from the repository root.
FROM node:20-bookworm
WORKDIR /app
RUN npm install -g -E pnpm@12.4.2
COPY . .
# better-sqlite3 compiles from source against this image's Node headers.
RUN npm_config_nodedir=/usr/local pnpm install --frozen-lockfile \
  && pnpm --filter @accord/client build
ENV PORT=4321 HOST=0.0.0.0 DATA_DIR=/data NODE_ENV=production
EXPOSE 4321
VOLUME /data
CMD ["node", "--import", "tsx", "server/src/main.ts"]
