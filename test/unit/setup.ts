// Unit tests run no daemons: a test that needs more than 5 s is waiting on something it should not.
jest.setTimeout(5000);
