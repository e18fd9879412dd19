// Entry point: see BenchApp (and `--help`).
return await Aitbc.Orleans.Benchmarks.BenchApp.RunAsync(args);
