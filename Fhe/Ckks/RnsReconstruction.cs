namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// From RNS residues to the centered integer they represent, as a double, with word arithmetic only: Garner's
/// mixed-radix digits x = v_0 + v_1·q_0 + v_2·q_0·q_1 + …, compared digit by digit with (Q−1)/2 (whose digits are
/// (q_i−1)/2), and evaluated by Horner from the top digit, on the complement Q − x for negative values so that small
/// negative numbers do not cancel catastrophically.
/// </summary>
internal static class RnsReconstruction
{
    public static void ToCenteredDoubles(CkksContext context, RnsPoly coefficients, int level, Span<double> destination)
    {
        var n = context.Degree;
        var moduli = context.Moduli;
        Span<ulong> digits = stackalloc ulong[level + 1];
        for (var k = 0; k < n; k++)
        {
            digits[0] = coefficients.Data[k];
            for (var i = 1; i <= level; i++)
            {
                var qi = moduli[i];
                var prefix = context.PrefixProductMod[i];
                var known = qi.Reduce(digits[0]);
                for (var j = 1; j < i; j++)
                {
                    known = qi.Add(known, qi.Multiply(qi.Reduce(digits[j]), prefix[j]));
                }

                digits[i] = qi.Multiply(qi.Subtract(coefficients.Data[i * n + k], known), context.PrefixInverse[i]);
            }

            var negative = false;
            for (var i = level; i >= 0; i--)
            {
                var half = (moduli[i].Value - 1) / 2;
                if (digits[i] != half)
                {
                    negative = digits[i] > half;
                    break;
                }
            }

            double value = 0;
            for (var i = level; i >= 0; i--)
            {
                var digit = negative ? moduli[i].Value - 1 - digits[i] : digits[i];
                value = value * moduli[i].Value + digit;
            }

            destination[k] = negative ? -(value + 1) : value;
        }
    }
}
