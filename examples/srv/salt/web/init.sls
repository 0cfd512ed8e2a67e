# A small web site per minion, under the minion's own root_dir so the demo
# and the tests never touch the host's real /srv.
web_dir:
  file.directory:
    - name: {{opts.root_dir}}/srv/www
    - makedirs: True
    - mode: '0755'

web_conf:
  file.managed:
    - name: {{opts.root_dir}}/srv/www/site.conf
    - source: salt://web/files/site.conf.hbs
    - template: handlebars
    - mode: '0644'
    - context:
        port: {{pillar.web.port}}
        docroot: {{opts.root_dir}}/srv/www
    - require:
      - file: web_dir

web_index:
  file.managed:
    - name: {{opts.root_dir}}/srv/www/index.html
    - contents: "<h1>{{pillar.web.title}} on {{grains.id}} ({{grains.os}} {{grains.osrelease}})</h1>"
    - require:
      - file: web_dir

web_reload:
  cmd.run:
    - name: date +%s.%N > {{opts.root_dir}}/srv/www/reloaded
    - onchanges:
      - file: web_conf
{{#if grains.brine_demo_users}}

web_user:
  user.present:
    - name: {{pillar.web.user}}-{{grains.id}}
    - createhome: False
    - shell: /usr/sbin/nologin
{{/if}}
