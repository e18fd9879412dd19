namespace Aitbc.Orleans.Models;

/// <summary>
/// Runs variant builds (CPU-bound: conversion and 1,000 generated inputs through ONNX Runtime twice) on the thread pool,
/// a bounded number at a time per silo, so uploads never take every core from the grains.
/// </summary>
public sealed class VariantBuildQueue
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, Environment.ProcessorCount / 4));

    public async Task<T> Run<T>(Func<T> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(build, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }
}
