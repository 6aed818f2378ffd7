// jest.stack.config.js, project `browser`: the kit's startBrowserTarget() then uses the stack's gateway.
process.env.BROWSER_TARGET = 'stack';
