# brine: one image for either daemon.
#   docker build -t brine .
#   docker run -d --name salt-master -p 4505:4505 -p 4506:4506 -v /srv/brine/master:/etc/salt brine salt-master
#   docker run -d --name minion1 -v /srv/brine/minion1:/etc/salt brine salt-minion
# The config directory (/etc/salt) holds `master` or `minion` (YAML); keys,
# caches and logs go under the paths it names (Salt's defaults).
FROM node:20-bookworm-slim
WORKDIR /opt/brine
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY modules ./modules
COPY states ./states
RUN npm ci && npm prune --omit=dev && npm cache clean --force
ENV PATH=/opt/brine/node_modules/.bin:$PATH
EXPOSE 4505 4506
CMD ["salt-master", "-l", "info"]
