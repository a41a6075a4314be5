using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Bitcoin.Fees;

/// <summary>
/// bitcoind's dust rule (policy.cpp GetDustThreshold): an output is dust when spending it would cost more than it is
/// worth at the dust relay fee (3 sat/vB by default). The cost is the output's own size plus a minimal input spending
/// it: 148 bytes for non-witness outputs, 67 for witness programs (the witness discounted by 4). For the standard
/// types this gives BOLT 3's table: "The p2pkh dust threshold is then `(34 + 148) * 3000 / 1000 = 546 satoshis`",
/// p2sh 540, "The p2wpkh dust threshold is then `(31 + 67) * 3000 / 1000 = 294 satoshis`", p2wsh and p2tr 330.
/// </summary>
public static class DustThreshold
{
    /// <summary>bitcoind's DUST_RELAY_TX_FEE: 3000 sat/kvB.</summary>
    public const long DefaultDustRelaySatPerKvB = 3000;

    /// <summary>
    /// The smallest non-dust value for <paramref name="output"/>'s script at <paramref name="dustRelaySatPerKvB"/>; zero
    /// for provably unspendable outputs (OP_RETURN or over 10,000 bytes), which are never dust.
    /// </summary>
    public static Satoshi For(TxOut output, long dustRelaySatPerKvB = DefaultDustRelaySatPerKvB)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.ScriptPubKey.IsUnspendable)
            return Satoshi.Zero;
        long size = output.SerializedLength;
        if (output.ScriptPubKey.IsWitnessProgram)
            size += 32 + 4 + 1 + (107 / Transaction.WitnessScaleFactor) + 4;
        else
            size += 32 + 4 + 1 + 107 + 4;
        // CFeeRate::GetFee rounds up.
        var numerator = checked(dustRelaySatPerKvB * size);
        return new Satoshi(numerator / 1000 + (numerator % 1000 > 0 ? 1 : 0));
    }

    /// <summary>bitcoind's IsDust: the value is below the threshold.</summary>
    public static bool IsDust(TxOut output, long dustRelaySatPerKvB = DefaultDustRelaySatPerKvB)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Value < For(output, dustRelaySatPerKvB);
    }
}
