web:
  port: 8080
  title: Welcome to brine
  user: brweb
