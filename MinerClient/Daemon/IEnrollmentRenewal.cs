namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Enrols the miner again when the cluster no longer knows it. Only development registers one: a development silo
/// keeps enrolments in memory and forgets them when it restarts. In production an enrolment is the owner's act.
/// </summary>
public interface IEnrollmentRenewal
{
    Task<bool> RenewAsync(CancellationToken cancellationToken);
}
