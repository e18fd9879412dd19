namespace Aitbc.Orleans.Jobs;

public sealed class SubmissionKeyGrain(
    [PersistentState("idempotency", AitbcConstants.GrainStorage)] IPersistentState<SubmissionKeyState> state) : Grain, ISubmissionKeyGrain
{
    public async Task<string> Claim(string candidateJobId)
    {
        if (state.State.JobId is null)
        {
            state.State.JobId = candidateJobId;
            await state.WriteStateAsync();
        }

        return state.State.JobId;
    }
}
