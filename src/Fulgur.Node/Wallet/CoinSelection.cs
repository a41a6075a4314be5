using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Node.Wallet;

/// <summary>What to pay: a fixed amount, or everything selectable (<see cref="IsAll"/>) minus the fee.</summary>
public readonly record struct SpendAmount(bool IsAll, Satoshi Amount)
{
    public static SpendAmount All => new(true, Satoshi.Zero);

    public static SpendAmount Exactly(Satoshi amount) => new(false, amount);

    public override string ToString() =>
        IsAll ? "all" : Amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "sat";
}

/// <summary>A funded spend: the inputs, what the destination receives, the change output (null when dropped into the fee) and the fee.</summary>
public sealed record CoinSelectionResult(IReadOnlyList<WalletUtxo> Inputs, Satoshi Amount, TxOut? Change, Satoshi Fee, long Weight);

/// <summary>
/// Largest-first coin selection over P2WPKH wallet outputs (pure; the wallet supplies the spendable set). Change is
/// added only when it is not dust by bitcoind's rule (<see cref="DustThreshold"/>); otherwise it goes to the fee.
/// </summary>
public static class CoinSelection
{
    /// <summary>
    /// BIP141 weight without inputs: version and locktime (8 bytes), input and output counts (1 byte each while under
    /// 253), all ×4, plus the segwit marker and flag (2 weight units).
    /// </summary>
    private const long BaseWeight = (4 + 4 + 1 + 1) * 4 + 2;

    public static long OutputWeight(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return (8 + BitcoinWriter.CompactSizeLength((ulong)scriptPubKey.Length) + scriptPubKey.Length) * 4L;
    }

    public static long Weight(int inputs, Script destination, Script? change) =>
        BaseWeight + (long)inputs * WalletUtxo.P2WpkhInputWeight + OutputWeight(destination) + (change is null ? 0 : OutputWeight(change));

    /// <summary>
    /// Selects from <paramref name="available"/>, or explains what is missing (Core Lightning's 301 text:
    /// "Could not afford Xsat using all N available UTXOs: Ysat short").
    /// </summary>
    public static bool TrySelect(
        IReadOnlyList<WalletUtxo> available, SpendAmount amount, FeeRate feeRate, Script destination, Script changeScript,
        out CoinSelectionResult? result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(available);
        var ordered = available.OrderByDescending(u => u.Value.Value).ThenBy(u => u.OutPoint.ToString(), StringComparer.Ordinal).ToList();
        var total = ordered.Aggregate(Satoshi.Zero, (s, u) => s + u.Value);
        var destinationDust = DustThreshold.For(new TxOut(Satoshi.Zero, destination));
        if (amount.IsAll)
        {
            var weight = Weight(ordered.Count, destination, null);
            var fee = feeRate.FeeForWeight(weight);
            var sweep = total - fee;
            if (ordered.Count == 0 || sweep < destinationDust)
            {
                result = null;
                error = $"Could not afford all using all {ordered.Count} available UTXOs: {Short(destinationDust + fee, total)}sat short";
                return false;
            }
            result = new CoinSelectionResult(ordered, sweep, null, fee, weight);
            error = null;
            return true;
        }
        if (amount.Amount < destinationDust)
        {
            result = null;
            error = $"Output {amount.Amount.Value}sat would be dust (below {destinationDust.Value}sat)";
            return false;
        }
        var inputs = new List<WalletUtxo>();
        var sum = Satoshi.Zero;
        foreach (var utxo in ordered)
        {
            inputs.Add(utxo);
            sum += utxo.Value;
            var weightNoChange = Weight(inputs.Count, destination, null);
            var feeNoChange = feeRate.FeeForWeight(weightNoChange);
            if (sum < amount.Amount + feeNoChange)
                continue;
            var weightWithChange = Weight(inputs.Count, destination, changeScript);
            var feeWithChange = feeRate.FeeForWeight(weightWithChange);
            var changeValue = sum - amount.Amount - feeWithChange;
            var change = new TxOut(changeValue, changeScript);
            if (changeValue.Value > 0 && !DustThreshold.IsDust(change))
            {
                result = new CoinSelectionResult(inputs, amount.Amount, change, feeWithChange, weightWithChange);
            }
            else
            {
                // Change would be dust: it goes to the fee.
                result = new CoinSelectionResult(inputs, amount.Amount, null, sum - amount.Amount, weightNoChange);
            }
            error = null;
            return true;
        }
        var needed = amount.Amount + feeRate.FeeForWeight(Weight(Math.Max(1, ordered.Count), destination, null));
        result = null;
        error = $"Could not afford {amount.Amount.Value}sat using all {ordered.Count} available UTXOs: {Short(needed, total)}sat short";
        return false;
    }

    private static long Short(Satoshi needed, Satoshi have) => Math.Max(1, needed.Value - have.Value);
}
