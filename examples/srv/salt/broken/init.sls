fail_cmd:
  cmd.run:
    - name: /bin/false

fail_requisite:
  cmd.run:
    - name: echo never
    - require:
      - cmd: fail_cmd
