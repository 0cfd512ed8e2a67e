// Starting daemons, authenticating minions and running CLIs as separate processes takes seconds per test.
jest.setTimeout(60000);
