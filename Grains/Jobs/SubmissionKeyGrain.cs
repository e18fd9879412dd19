using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Jobs;

public sealed class SubmissionKeyGrain(
    [PersistentState("idempotency", AitbcConstants.GrainStorage)] IPersistentState<SubmissionKeyState> state) : Grain, ISubmissionKeyGrain
{
    public async Task<string> Claim(string candidateJobId)
    {
        if (state.State.JobId is null)
        {
            // A claim storage never took must not be answered from memory: after a restart the key would claim another
            // job id, and the retried request would run (and be charged) twice.
            state.State.JobId = candidateJobId;
            await state.WriteOrDeactivate(this);
        }

        return state.State.JobId;
    }
}
