namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>A node as refusals name it: its name (or its position when unnamed) and its operator.</summary>
internal sealed record NodeRef(string Label, string Operator)
{
    public override string ToString() => $"'{Label}' ({Operator})";
}
