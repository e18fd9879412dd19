namespace Aitbc.Orleans.Access;

/// <summary>
/// Which miners an account has enrolled, so that an owner's dashboard can list them. Key: the owner's account id.
/// Filled by <see cref="IMinerEnrollmentGrain.Enroll"/> (idempotently, on every call, so a retry repairs a lost add).
/// </summary>
[Alias("aitbc.IOwnerMinersGrain")]
public interface IOwnerMinersGrain : IGrainWithStringKey
{
    /// <summary>Adds the miner; false when the list is full (<see cref="OwnerMiners.MaxMiners"/>) and it was not there.</summary>
    [Alias("Add")]
    Task<bool> Add(string minerId);

    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
