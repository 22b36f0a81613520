// Cross-part suites start servers and wait on real HTTP, retries and backoff: give each test a
// minute (jest reads testTimeout only from the root config, so projects set it here).
jest.setTimeout(60_000);
