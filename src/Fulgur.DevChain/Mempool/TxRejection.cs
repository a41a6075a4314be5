using System.Globalization;
using Fulgur.Bitcoin;

namespace Fulgur.DevChain.Mempool;

/// <summary>
/// Why the mempool refused a transaction, in bitcoind's words: its reject reason and optional debug message, printed
/// as TxValidationState::ToString does ("reason, debug"). <see cref="MissingInputs"/> is bitcoind's TX_MISSING_INPUTS,
/// which sendrawtransaction reports with code -25 instead of -26.
/// </summary>
internal sealed record TxRejection(string Reason, string? Debug = null, bool MissingInputs = false)
{
    public override string ToString() => Debug is null ? Reason : $"{Reason}, {Debug}";

    /// <summary>bitcoind's FormatMoney: whole coins, then the fraction without trailing zeros beyond two places.</summary>
    public static string FormatMoney(Satoshi amount)
    {
        var text = (amount.Value / (decimal)Satoshi.PerBitcoin).ToString("0.00######", CultureInfo.InvariantCulture);
        return text;
    }
}
