# One image for every Comanda node; docker-compose.yml picks each node's services with SERVICES.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so a change of source does not reinstall them.
# tsx is a runtime dependency: the node runs the TypeScript sources directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY . .

# Postgres, NATS and Redis are other containers: nothing here writes to disk when
# DATABASE_URL and JWT_SECRET are set.
USER node
EXPOSE 3000
CMD ["npm", "run", "node"]
