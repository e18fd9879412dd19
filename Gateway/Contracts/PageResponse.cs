namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>One page of a listing; Total counts every item that matched the filters.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
