# One image for every Comanda node; docker-compose.yml picks each node's services with SERVICES.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so a change of source does not reinstall them.
# tsx is a runtime dependency: the node runs the TypeScript sources directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY . .
# The screens are built here: the install above ran before the sources were copied.
RUN npm run build

# Postgres, NATS and Redis are other containers: nothing here writes to disk when
# DATABASE_URL and JWT_SECRET are set.
USER node
EXPOSE 3000
# node itself, not npm: `docker stop` sends SIGTERM to PID 1, and npm's shell would not pass it on.
CMD ["node", "--import", "tsx", "start.ts"]
