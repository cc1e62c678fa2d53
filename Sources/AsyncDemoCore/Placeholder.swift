// AsyncDemoCore
