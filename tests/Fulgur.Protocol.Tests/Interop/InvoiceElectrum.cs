using System.Text.Json.Nodes;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// Runs tests/interop/electrum/invoice_electrum.py with Debian's python3-electrum: Electrum's own BOLT 11 codec
/// (<c>electrum.lnaddr</c>), an implementation independent of ours. Tests skip with the reason when it is missing.
/// </summary>
internal static class InvoiceElectrum
{
    private const string Script = "invoice_electrum.py";

    /// <summary>Skips the calling test unless Python, the helper script and <c>import electrum.lnaddr</c> all work.</summary>
    public static Task RequireAsync()
    {
        ElectrumPython.RequireScript(Script, "import electrum.lnaddr");
        return Task.CompletedTask;
    }

    /// <summary>Sends a JSON batch to <c>invoice_electrum.py decode|encode</c> and returns its JSON answer.</summary>
    public static Task<JsonArray> RunAsync(string command, JsonArray batch) =>
        ElectrumPython.RunJsonAsync(Script, batch, [command], onePerCase: false);
}
