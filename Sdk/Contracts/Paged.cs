namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>One page of a listing (pages count from 1); <see cref="Total"/> counts every item that matched.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
