namespace Aitbc.Orleans.Models;

/// <summary>One model's metadata. Key: the model id.</summary>
[Alias("aitbc.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Registers once; a second registration of the same content returns the first.</summary>
    [Alias("Register")]
    Task<ModelInfo> Register(ModelInfo info);

    [Alias("Get")]
    Task<ModelInfo?> Get();

    /// <summary>
    /// The model compiled for private (encrypted) inference, or why it cannot be; compiled once per activation from
    /// the model's bytes. Null when there is no such model.
    /// </summary>
    [Alias("GetPrivatePlan")]
    Task<PrivatePlanInfo?> GetPrivatePlan();
}
