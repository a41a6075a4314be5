using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Protocol.Channels;

/// <summary>BOLT #3 "Fees": the expected weights and the fees derived from them.</summary>
public static class Bolt3Fees
{
    // BOLT #3: "Commitment weight (no option_anchors):   724 + 172 * num-untrimmed-htlc-outputs"
    public const long CommitmentWeight = 724;

    // BOLT #3: "Commitment weight (option_anchors):     1124 + 172 * num-untrimmed-htlc-outputs"
    public const long AnchorCommitmentWeight = 1124;

    public const long HtlcOutputWeight = 172;

    // BOLT #3: "HTLC-timeout weight (no option_anchors): 663"
    public const long HtlcTimeoutWeight = 663;

    // BOLT #3: "HTLC-timeout weight (option_anchors): 666"
    public const long AnchorHtlcTimeoutWeight = 666;

    // BOLT #3: "HTLC-success weight (no option_anchors): 703"
    public const long HtlcSuccessWeight = 703;

    // BOLT #3: "HTLC-success weight (option_anchors): 706"
    public const long AnchorHtlcSuccessWeight = 706;

    /// <summary>
    /// The witness of a funding output spend as Appendix A counts it: "witness: 222 bytes" (two 73-byte signatures, the
    /// 71-byte 2-of-2 script, lengths and the element count), plus the 2-byte segwit marker and flag ("witness_header").
    /// </summary>
    public const long FundingSpendWitnessWeight = 222 + 2;

    /// <summary>BOLT #3: "The amount of the output is fixed at 330 sats, the default dust limit for P2WSH."</summary>
    public static readonly Satoshi AnchorAmount = new(330);

    /// <summary>
    /// The fee of an HTLC-timeout transaction: with <c>option_anchors</c> "MUST be 0", otherwise "Multiply
    /// `feerate_per_kw` by 663 and divide by 1000 (rounding down)."
    /// </summary>
    public static Satoshi HtlcTimeoutFee(FeeRate feerate, CommitmentFormat format) =>
        format == CommitmentFormat.AnchorOutputs ? Satoshi.Zero : feerate.FeeForWeight(HtlcTimeoutWeight);

    /// <summary>
    /// The fee of an HTLC-success transaction: with <c>option_anchors</c> "MUST be 0", otherwise "Multiply
    /// `feerate_per_kw` by 703 and divide by 1000 (rounding down)."
    /// </summary>
    public static Satoshi HtlcSuccessFee(FeeRate feerate, CommitmentFormat format) =>
        format == CommitmentFormat.AnchorOutputs ? Satoshi.Zero : feerate.FeeForWeight(HtlcSuccessWeight);

    /// <summary>The second-stage fee of an HTLC as seen from the commitment owner (timeout if offered, success if received).</summary>
    public static Satoshi HtlcTransactionFee(HtlcDirection direction, FeeRate feerate, CommitmentFormat format) =>
        direction == HtlcDirection.Offered ? HtlcTimeoutFee(feerate, format) : HtlcSuccessFee(feerate, format);

    /// <summary>
    /// The base fee for a commitment transaction: "Start with `weight` = 724 (1124 if `option_anchors` applies). For each
    /// committed HTLC, if that output is not trimmed [...] add 172 to `weight`. Multiply `feerate_per_kw` by `weight`,
    /// divide by 1000 (rounding down)."
    /// </summary>
    public static Satoshi CommitmentFee(FeeRate feerate, int untrimmedHtlcs, CommitmentFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(untrimmedHtlcs);
        var weight = (format == CommitmentFormat.AnchorOutputs ? AnchorCommitmentWeight : CommitmentWeight)
            + HtlcOutputWeight * untrimmedHtlcs;
        return feerate.FeeForWeight(weight);
    }

    /// <summary>
    /// The expected weight of a transaction spending the funding output (a closing transaction, say) once signed:
    /// its unsigned weight plus <see cref="FundingSpendWitnessWeight"/>, assuming maximal signatures as BOLT 3 does.
    /// </summary>
    public static long ExpectedFundingSpendWeight(Transaction unsignedTransaction)
    {
        ArgumentNullException.ThrowIfNull(unsignedTransaction);
        if (unsignedTransaction.Inputs.Length != 1)
            throw new ArgumentException("a funding spend has exactly one input", nameof(unsignedTransaction));
        return unsignedTransaction.WithoutWitness().Weight + FundingSpendWitnessWeight;
    }

    /// <summary>The base fee of a commitment with <paramref name="spec"/>, counting its HTLCs that are not trimmed.</summary>
    public static Satoshi CommitmentFee(CommitmentSpec spec, Satoshi dustLimit, CommitmentFormat format)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var untrimmed = spec.Htlcs.Count(h => !IsTrimmed(h, spec.Feerate, dustLimit, format));
        return CommitmentFee(spec.Feerate, untrimmed, format);
    }

    /// <summary>
    /// BOLT #3 "Trimmed Outputs": an offered (received) HTLC is trimmed "if the HTLC amount minus the HTLC-timeout
    /// (HTLC-success) fee would be less than `dust_limit_satoshis` set by the transaction owner".
    /// </summary>
    public static bool IsTrimmed(CommitmentHtlc htlc, FeeRate feerate, Satoshi dustLimit, CommitmentFormat format)
    {
        ArgumentNullException.ThrowIfNull(htlc);
        // BOLT #3: "The amounts for each output MUST be rounded down to whole satoshis."
        var amount = htlc.Amount.TruncateToSatoshi();
        return amount.Value - HtlcTransactionFee(htlc.Direction, feerate, format).Value < dustLimit.Value;
    }
}
