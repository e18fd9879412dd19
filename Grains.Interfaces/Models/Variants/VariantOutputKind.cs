namespace Aitbc.Orleans.Models.Variants;

/// <summary>How a model output is compared between a variant and the original.</summary>
[GenerateSerializer]
[Alias("aitbc.VariantOutputKind")]
public enum VariantOutputKind
{
    /// <summary>Floating-point values: relative L2 error.</summary>
    Values = 0,

    /// <summary>A floating-point [batch, classes] head (classes ≥ 2): relative L2 and top-1 agreement per row.</summary>
    Classifier = 1,

    /// <summary>Integer or bool values (labels, indices, masks): the fraction of elements that agree exactly.</summary>
    Labels = 2,
}
