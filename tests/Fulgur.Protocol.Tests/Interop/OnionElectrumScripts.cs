using System.Text.Json.Nodes;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// Runs the onion helpers in tests/interop/electrum against Debian's python3-electrum (an independent BOLT 4
/// implementation). Each script reads a JSON list of cases on stdin and prints a JSON list of results. Tests skip,
/// saying why, when /usr/bin/python3 cannot import electrum or the scripts are not found.
/// </summary>
internal static class OnionElectrumScripts
{
    private const string Imports = "import electrum.lnonion";

    /// <summary>Skips the calling test when Electrum or the helper scripts are unavailable.</summary>
    public static void SkipUnlessAvailable() => ElectrumPython.RequireScript("onion_peel.py", Imports);

    public static Task<JsonArray> RunAsync(string script, JsonArray cases) => ElectrumPython.RunJsonAsync(script, cases);
}
