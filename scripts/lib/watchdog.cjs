// Preloaded (node --require) into the mock's processes: exits when the
// parent process is gone, so a killed test run or terminal leaves no mock
// behind. Polling ppid is the only portable signal of a SIGKILLed parent.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
