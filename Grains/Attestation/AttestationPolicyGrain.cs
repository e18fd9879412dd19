using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Attestation;

/// <summary>The operators' allowlist, persisted; empty until an operator sets it, so nothing is attested by default.</summary>
public sealed class AttestationPolicyGrain(
    [PersistentState("attestation-policy", AitbcConstants.GrainStorage)] IPersistentState<AttestationPolicyState> state) : Grain, IAttestationPolicyGrain
{
    public Task<AttestationPolicy> Get() => Task.FromResult(state.State.Policy ?? AttestationPolicy.Empty);

    public async Task<AttestationPolicy> Set(AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        state.State.Policy = policy;
        await state.WriteOrDeactivate(this);
        return policy;
    }
}
