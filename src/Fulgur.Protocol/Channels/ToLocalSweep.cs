using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// The spend of the <c>to_local</c> output of our own commitment once its CSV delay has passed, back to a wallet script
/// (BOLT #5: "SHOULD spend the `to_local` output to a convenient address."). One input, one output, no change.
/// </summary>
public static class ToLocalSweep
{
    /// <summary>A DER signature with its sighash byte is at most 73 bytes; the fee is computed for that size.</summary>
    private const int MaxWitnessSignatureLength = 73;

    /// <summary>
    /// Builds and signs the sweep of <paramref name="commitment"/>'s <c>to_local</c> output. <paramref name="sign"/> signs
    /// the BIP143 hash of input 0 with the delayed payment key of the commitment's per-commitment point. Fails when the
    /// commitment has no <c>to_local</c> output or it cannot pay the fee above the dust limit.
    /// </summary>
    public static bool TryBuild(
        CommitmentTransaction commitment, Script destination, FeeRate feerate, Func<Transaction, Script, Satoshi, EcdsaSignature> sign,
        [NotNullWhen(true)] out Transaction? sweep, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(sign);
        sweep = null;
        var index = commitment.IndexOf(CommitmentOutputKind.ToLocal);
        if (index < 0)
        {
            error = "the commitment has no to_local output";
            return false;
        }
        var output = commitment.Outputs[index];
        var script = output.WitnessScript!;
        var amount = output.TxOut.Value;
        // BOLT #3: "The output is spent by an input with `nSequence` field set to `to_self_delay` (which can only be valid after that duration has passed) and witness:"
        var input = new TxIn(new OutPoint(commitment.Transaction.TxId, (uint)index), commitment.Parameters.ToSelfDelay.Blocks);
        // Version 2: BIP 68 relative lock-times only apply from version 2 on.
        var unsigned = new Transaction(2, [input], [new TxOut(amount, destination)], 0);
        var sized = unsigned.WithInput(0, input with
        {
            Witness = Witness.Create(new byte[MaxWitnessSignatureLength], [], script.ToBytes()),
        });
        var fee = feerate.FeeForWeight(sized.Weight);
        var value = amount - fee;
        if (value < DustThreshold.For(new TxOut(value, destination)))
        {
            error = $"to_local output of {amount.Value} sat cannot pay a fee of {fee.Value} sat";
            return false;
        }
        unsigned = unsigned.WithOutput(0, new TxOut(value, destination));
        var signature = sign(unsigned, script, amount);
        sweep = unsigned.WithWitness(0, Bolt3Witnesses.ToLocalDelayed(signature, script));
        error = null;
        return true;
    }
}
