namespace Aitbc.Orleans.Models.Licensing;

/// <summary>What a job uses a model for, as the submitter declares it; a license names the uses it permits.</summary>
[GenerateSerializer, Alias("aitbc.ModelUse")]
public enum ModelUse
{
    /// <summary>Use in a paid product or service (the default: a job on a marketplace is commercial unless said otherwise).</summary>
    Commercial = 0,
    Research = 1,
    Personal = 2,
    Evaluation = 3,
}
