[assembly: GenerateCodeForDeclaringAssembly(typeof(Aitbc.Orleans.AitbcConstants))]
