using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Aitbc.Orleans.Tests.Onnx;

/// <summary>
/// A text rendering of every public property of a model tree (records, lists, bytes as hex), so two models can be
/// compared field by field: equal dumps mean nothing was lost or changed, wherever in the tree it sits.
/// </summary>
public static class OnnxDump
{
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Write(text, value, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case float f:
                // Bit-exact: a float that changed in its last bit must not dump equal.
                text.Append(f.ToString("R", CultureInfo.InvariantCulture)).Append("f#").Append(BitConverter.SingleToInt32Bits(f));
                return;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture)).Append("d#").Append(BitConverter.DoubleToInt64Bits(d));
                return;
            case ReadOnlyMemory<byte> bytes:
                text.Append("0x").Append(Convert.ToHexString(bytes.Span));
                return;
            case Enum or bool or int or long or ulong:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case IEnumerable list:
                text.Append('[');
                foreach (var item in list)
                {
                    text.AppendLine().Append(' ', indent + 2);
                    Write(text, item, indent + 2);
                }

                text.Append(']');
                return;
        }

        var type = value.GetType();
        text.Append(type.Name).Append(" {");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            text.AppendLine().Append(' ', indent + 2).Append(property.Name).Append(": ");
            Write(text, property.GetValue(value), indent + 2);
        }

        text.Append(" }");
    }
}
