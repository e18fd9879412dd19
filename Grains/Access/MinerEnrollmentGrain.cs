using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Access;

/// <summary>One miner's enrolment. The first enrolment wins; later calls can only rotate its credential.</summary>
public sealed class MinerEnrollmentGrain(
    [PersistentState("enrollment", AitbcConstants.GrainStorage)] IPersistentState<MinerEnrollmentState> state) : Grain, IMinerEnrollmentGrain
{
    public async Task<MinerEnrollment> Enroll(MinerEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        if (state.State.Enrollment is null)
        {
            state.State.Enrollment = enrollment with { MinerId = this.GetPrimaryKeyString() };
            await state.WriteOrDeactivate(this);
        }

        // Every call, so a retry after a crash between the two writes still lists the miner for its owner.
        var stored = state.State.Enrollment;
        await GrainFactory.Grain<IOwnerMinersGrain>(stored.OwnerAccountId).Add(stored.MinerId);
        return stored;
    }

    public Task<MinerEnrollment?> Get() => Task.FromResult(state.State.Enrollment);

    public async Task<string?> ReplaceCredential(string keyId)
    {
        if (state.State.Enrollment is not { } current)
        {
            return null;
        }

        state.State.Enrollment = current with { CredentialKeyId = keyId };
        await state.WriteOrDeactivate(this);
        return current.CredentialKeyId;
    }

    public async Task<MinerEnrollment?> Withdraw()
    {
        if (state.State.Enrollment is not { } current)
        {
            return null;
        }

        state.State.Enrollment = null;
        await state.WriteOrDeactivate(this);
        return current;
    }

    public async Task<MinerEnrollment?> SetAdmission(PoolKind pool, bool attested)
    {
        if (state.State.Enrollment is not { } current)
        {
            return null;
        }

        state.State.Enrollment = current with { Pool = pool, Attested = attested };
        await state.WriteOrDeactivate(this);
        return state.State.Enrollment;
    }
}
