using System.Numerics;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// The canonical embedding of CKKS, computed with one complex FFT of size n = N/2. A real polynomial m of degree &lt; N
/// is folded into u_k = m_k + i·m_(k+n) (at every root ζ^t with t ≡ 1 mod 4, X^n = i). Slot j is m(ζ^(5^j)); the points
/// ζ^(5^j) are exactly ζ·ω^l with ω = ζ^4 = e^(2πi/n) and l = (5^j mod 2N − 1)/4, so the slots are the length-n DFT
/// of (u_k·ζ^k) read in the order of the powers of 5.
/// </summary>
internal sealed class SlotTransform
{
    private readonly int _n;
    private readonly int _logN;
    private readonly Complex[] _twist;          // ζ^k, k < n
    private readonly Complex[] _twiddles;       // ω^k, k < n/2
    private readonly int[] _slotToFrequency;    // l(j)

    public SlotTransform(int polyDegree)
    {
        _n = polyDegree / 2;
        _logN = BitOperations.Log2((uint)_n);
        _twist = new Complex[_n];
        for (var k = 0; k < _n; k++)
        {
            _twist[k] = Complex.FromPolarCoordinates(1, Math.PI * k / polyDegree);
        }

        _twiddles = new Complex[Math.Max(1, _n / 2)];
        for (var k = 0; k < _twiddles.Length; k++)
        {
            _twiddles[k] = Complex.FromPolarCoordinates(1, 2 * Math.PI * k / _n);
        }

        _slotToFrequency = new int[_n];
        var twoN = 2 * polyDegree;
        long power = 1;
        for (var j = 0; j < _n; j++)
        {
            _slotToFrequency[j] = (int)((power - 1) / 4);
            power = power * 5 % twoN;
        }
    }

    /// <summary>Slots (length n) to the real coefficients (length 2n), unscaled.</summary>
    public void SlotsToCoefficients(ReadOnlySpan<Complex> slots, Span<double> coefficients)
    {
        var v = new Complex[_n];
        for (var j = 0; j < _n; j++)
        {
            v[_slotToFrequency[j]] = slots[j];
        }

        Fft(v, inverse: true);
        for (var k = 0; k < _n; k++)
        {
            var u = v[k] / _n * Complex.Conjugate(_twist[k]);
            coefficients[k] = u.Real;
            coefficients[k + _n] = u.Imaginary;
        }
    }

    /// <summary>Real coefficients (length 2n) to slots (length n), unscaled.</summary>
    public void CoefficientsToSlots(ReadOnlySpan<double> coefficients, Span<Complex> slots)
    {
        var v = new Complex[_n];
        for (var k = 0; k < _n; k++)
        {
            v[k] = new Complex(coefficients[k], coefficients[k + _n]) * _twist[k];
        }

        Fft(v, inverse: false);
        for (var j = 0; j < _n; j++)
        {
            slots[j] = v[_slotToFrequency[j]];
        }
    }

    /// <summary>In-place radix-2 DFT, V_l = Σ v_k ω^(±lk), unnormalised.</summary>
    private void Fft(Complex[] a, bool inverse)
    {
        for (var i = 0; i < _n; i++)
        {
            var r = (int)Arithmetic.NegacyclicNtt.BitReverse((uint)i, _logN);
            if (r > i)
            {
                (a[i], a[r]) = (a[r], a[i]);
            }
        }

        for (var length = 2; length <= _n; length <<= 1)
        {
            var half = length >> 1;
            var stride = _n / length;
            for (var start = 0; start < _n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var w = _twiddles[k * stride];
                    if (inverse)
                    {
                        w = Complex.Conjugate(w);
                    }

                    var x = a[start + k];
                    var y = a[start + k + half] * w;
                    a[start + k] = x + y;
                    a[start + k + half] = x - y;
                }
            }
        }
    }
}
