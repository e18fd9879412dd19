namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>The measured matmul ceiling: one [size,size]·[size,size] MatMul, bare, device-resident I/O on a GPU.</summary>
public sealed record CeilingResult(int Size, string Precision, double Milliseconds, double Tflops);
